
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "ActivateApplicationResult": [
      "ActivateApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateEventHookResult": [
      "ActivateEventHookPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateGroupRuleResult": [
      "ActivateGroupRulePayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateUserResult": [
      "ActivateUserPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AddUserToGroupResult": [
      "AddUserToGroupPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "AssignAdminRoleResult": [
      "AssignAdminRolePayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignAdminRoleToGroupResult": [
      "AssignAdminRoleToGroupPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignGroupToApplicationResult": [
      "AssignGroupToApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignUserToApplicationResult": [
      "AssignUserToApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ChangePasswordResult": [
      "ChangePasswordPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ChangeRecoveryQuestionResult": [
      "ChangeRecoveryQuestionPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ClearUserSessionsResult": [
      "ClearUserSessionsPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateEventHookResult": [
      "ConflictError",
      "CreateEventHookPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateGroupResult": [
      "ConflictError",
      "CreateGroupPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateGroupRuleResult": [
      "ConflictError",
      "CreateGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateUserResult": [
      "ConflictError",
      "CreateUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateApplicationResult": [
      "ConflictError",
      "DeactivateApplicationPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateEventHookResult": [
      "ConflictError",
      "DeactivateEventHookPayload",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateGroupRuleResult": [
      "ConflictError",
      "DeactivateGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateUserResult": [
      "ConflictError",
      "DeactivateUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteEventHookResult": [
      "ConflictError",
      "DeleteEventHookPayload",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteGroupResult": [
      "ConflictError",
      "DeleteGroupPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "DeleteGroupRuleResult": [
      "ConflictError",
      "DeleteGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteUserResult": [
      "ConflictError",
      "DeleteUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "Error": [
      "AssignedThroughGroupError",
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "ExpirePasswordResult": [
      "ConflictError",
      "ExpirePasswordPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ForgotPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "ForgotPasswordPayload",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "Node": [
      "Application",
      "ApplicationGroup",
      "ApplicationUser",
      "EventHook",
      "Group",
      "GroupRule",
      "User"
    ],
    "OffboardUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OffboardUserPayload",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "OnboardUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "OnboardUserPayload",
      "RateLimitedError",
      "ValidationError"
    ],
    "ReactivateUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReactivateUserPayload",
      "ValidationError"
    ],
    "RegisterGatewayEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "RegisterGatewayEventHookPayload",
      "ValidationError"
    ],
    "RemoveUserFromGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "RemoveUserFromGroupPayload",
      "ValidationError"
    ],
    "ResetFactorResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetFactorPayload",
      "ValidationError"
    ],
    "ResetFactorsResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetFactorsPayload",
      "ValidationError"
    ],
    "ResetPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetPasswordPayload",
      "ValidationError"
    ],
    "SetPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "SetPasswordPayload",
      "ValidationError"
    ],
    "SuspendUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "SuspendUserPayload",
      "ValidationError"
    ],
    "UnassignAdminRoleFromGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignAdminRoleFromGroupPayload",
      "ValidationError"
    ],
    "UnassignAdminRoleResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignAdminRolePayload",
      "ValidationError"
    ],
    "UnassignGroupFromApplicationResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignGroupFromApplicationPayload",
      "ValidationError"
    ],
    "UnassignUserFromApplicationResult": [
      "AssignedThroughGroupError",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignUserFromApplicationPayload",
      "ValidationError"
    ],
    "UnlockUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnlockUserPayload",
      "ValidationError"
    ],
    "UnsuspendUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnsuspendUserPayload",
      "ValidationError"
    ],
    "UpdateEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateEventHookPayload",
      "ValidationError"
    ],
    "UpdateGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "UpdateGroupPayload",
      "ValidationError"
    ],
    "UpdateGroupRuleResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateGroupRulePayload",
      "ValidationError"
    ],
    "UpdateUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateUserPayload",
      "ValidationError"
    ],
    "VerifyEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError",
      "VerifyEventHookPayload"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "ActivateApplicationResult": [
      "ActivateApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateEventHookResult": [
      "ActivateEventHookPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateGroupRuleResult": [
      "ActivateGroupRulePayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ActivateUserResult": [
      "ActivateUserPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AddUserToGroupResult": [
      "AddUserToGroupPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "AssignAdminRoleResult": [
      "AssignAdminRolePayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignAdminRoleToGroupResult": [
      "AssignAdminRoleToGroupPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignGroupToApplicationResult": [
      "AssignGroupToApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "AssignUserToApplicationResult": [
      "AssignUserToApplicationPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ChangePasswordResult": [
      "ChangePasswordPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ChangeRecoveryQuestionResult": [
      "ChangeRecoveryQuestionPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ClearUserSessionsResult": [
      "ClearUserSessionsPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateEventHookResult": [
      "ConflictError",
      "CreateEventHookPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateGroupResult": [
      "ConflictError",
      "CreateGroupPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateGroupRuleResult": [
      "ConflictError",
      "CreateGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "CreateUserResult": [
      "ConflictError",
      "CreateUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateApplicationResult": [
      "ConflictError",
      "DeactivateApplicationPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateEventHookResult": [
      "ConflictError",
      "DeactivateEventHookPayload",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateGroupRuleResult": [
      "ConflictError",
      "DeactivateGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeactivateUserResult": [
      "ConflictError",
      "DeactivateUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteEventHookResult": [
      "ConflictError",
      "DeleteEventHookPayload",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteGroupResult": [
      "ConflictError",
      "DeleteGroupPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "DeleteGroupRuleResult": [
      "ConflictError",
      "DeleteGroupRulePayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "DeleteUserResult": [
      "ConflictError",
      "DeleteUserPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "Error": [
      "AssignedThroughGroupError",
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "ValidationError"
    ],
    "ExpirePasswordResult": [
      "ConflictError",
      "ExpirePasswordPayload",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "ForgotPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "ForgotPasswordPayload",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "Node": [
      "Application",
      "ApplicationGroup",
      "ApplicationUser",
      "EventHook",
      "Group",
      "GroupRule",
      "User"
    ],
    "OffboardUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OffboardUserPayload",
      "OktaError",
      "RateLimitedError",
      "ValidationError"
    ],
    "OnboardUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "OnboardUserPayload",
      "RateLimitedError",
      "ValidationError"
    ],
    "ReactivateUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReactivateUserPayload",
      "ValidationError"
    ],
    "RegisterGatewayEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "RegisterGatewayEventHookPayload",
      "ValidationError"
    ],
    "RemoveUserFromGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "RemoveUserFromGroupPayload",
      "ValidationError"
    ],
    "ResetFactorResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetFactorPayload",
      "ValidationError"
    ],
    "ResetFactorsResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetFactorsPayload",
      "ValidationError"
    ],
    "ResetPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ResetPasswordPayload",
      "ValidationError"
    ],
    "SetPasswordResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "SetPasswordPayload",
      "ValidationError"
    ],
    "SuspendUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "SuspendUserPayload",
      "ValidationError"
    ],
    "UnassignAdminRoleFromGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignAdminRoleFromGroupPayload",
      "ValidationError"
    ],
    "UnassignAdminRoleResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignAdminRolePayload",
      "ValidationError"
    ],
    "UnassignGroupFromApplicationResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignGroupFromApplicationPayload",
      "ValidationError"
    ],
    "UnassignUserFromApplicationResult": [
      "AssignedThroughGroupError",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnassignUserFromApplicationPayload",
      "ValidationError"
    ],
    "UnlockUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnlockUserPayload",
      "ValidationError"
    ],
    "UnsuspendUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UnsuspendUserPayload",
      "ValidationError"
    ],
    "UpdateEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateEventHookPayload",
      "ValidationError"
    ],
    "UpdateGroupResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ReadOnlyGroupError",
      "UpdateGroupPayload",
      "ValidationError"
    ],
    "UpdateGroupRuleResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateGroupRulePayload",
      "ValidationError"
    ],
    "UpdateUserResult": [
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "UpdateUserPayload",
      "ValidationError"
    ],
    "VerifyEventHookResult": [
      "ConflictError",
      "ForbiddenError",
      "GatewayOwnedHookError",
      "InvalidTransitionError",
      "NotFoundError",
      "OktaError",
      "RateLimitedError",
      "ValidationError",
      "VerifyEventHookPayload"
    ]
  }
};
      export default result;
    
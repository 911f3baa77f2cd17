import type { RoleAssignment } from './access-models.ts';
import { OktaInvalidIdError } from './errors.ts';
import { requireOktaId } from './expression.ts';
import { OktaResource } from './resource.ts';

const userRoles = (userId: string, suffix = '') =>
  `/api/v1/users/${requireOktaId('User', userId)}/roles${suffix}`;
const groupRoles = (groupId: string, suffix = '') =>
  `/api/v1/groups/${requireOktaId('Group', groupId)}/roles${suffix}`;
/**
 * Role assignment ids are not all Okta's 20-character ids (its documents show `ra1…` ids and
 * 15-character ones such as `IFIFAX2BIRGUSTQ`): any short alphanumeric id is sent, nothing else.
 */
function assignmentSegment(id: string): string {
  if (!/^[A-Za-z0-9]{1,64}$/.test(id)) throw new OktaInvalidIdError('RoleAssignment', id);
  return `/${id}`;
}

/**
 * Okta's admin role assignments (standard roles) of users and groups. A user's list holds the
 * roles it holds itself (`assignmentType` USER) and those of its groups (GROUP); neither list is
 * paged.
 */
export class RolesApi extends OktaResource {
  async listForUser(userId: string): Promise<RoleAssignment[]> {
    return this.send({ method: 'GET', path: userRoles(userId) });
  }

  /** A role the user already holds itself → 400 E0000001. */
  async assignToUser(userId: string, type: string): Promise<RoleAssignment> {
    return this.send({ method: 'POST', path: userRoles(userId), body: { type } });
  }

  /** Only a role the user holds itself; one held through a group goes with the group's. */
  async unassignFromUser(userId: string, roleAssignmentId: string): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: userRoles(userId, assignmentSegment(roleAssignmentId)),
      idempotent: true,
    });
  }

  async listForGroup(groupId: string): Promise<RoleAssignment[]> {
    return this.send({ method: 'GET', path: groupRoles(groupId) });
  }

  async assignToGroup(groupId: string, type: string): Promise<RoleAssignment> {
    return this.send({ method: 'POST', path: groupRoles(groupId), body: { type } });
  }

  async unassignFromGroup(groupId: string, roleAssignmentId: string): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: groupRoles(groupId, assignmentSegment(roleAssignmentId)),
      idempotent: true,
    });
  }
}

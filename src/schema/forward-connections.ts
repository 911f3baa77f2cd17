import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';

/**
 * Okta pages forward only (`limit` and its own `after` cursor), so a connection offers `first` and
 * `after` and nothing else: the relay plugin always adds `last` and `before` (it has no option to
 * leave them out), marked by the builder with this extension, and this plugin takes them off every
 * field again. A query that asks for them is then refused by validation ("Unknown argument"),
 * before anything runs, instead of an argument the schema offers and every call refuses.
 */
export const BACKWARD_PAGING = 'backwardPaging';

export class ForwardConnectionsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): PothosOutputFieldConfig<Types> {
    const names = Object.keys(fieldConfig.args);
    const backward = names.filter((name) => fieldConfig.args[name]?.extensions?.[BACKWARD_PAGING]);
    if (backward.length === 0) return fieldConfig;
    const args = { ...fieldConfig.args };
    for (const name of backward) delete args[name];
    return { ...fieldConfig, args };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      forwardConnections: ForwardConnectionsPlugin<Types>;
    }
  }
}

const pluginName = 'forwardConnections';
export default pluginName;
SchemaBuilder.registerPlugin(pluginName, ForwardConnectionsPlugin);

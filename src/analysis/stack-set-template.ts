// A StackSet's own template, as the rules can read it: the JSON of `TemplateBody`. A template given
// by `TemplateURL`, written in YAML or assembled with intrinsics cannot be read from the app, and
// the index lists such StackSets as not examined instead of judging them silently.

const parsed = new WeakMap<object, object | undefined>();

/** The StackSet's inline template (its `TemplateBody` parsed as JSON), or undefined when it cannot be read. */
export function stackSetTemplate(properties: { readonly [key: string]: any }): any {
  if (parsed.has(properties)) return parsed.get(properties);
  const body = properties.TemplateBody;
  let template: object | undefined;
  if (typeof body === 'string') {
    try {
      const value = JSON.parse(body);
      template = value && typeof value === 'object' ? value : undefined;
    } catch {
      template = undefined;
    }
  }
  parsed.set(properties, template);
  return template;
}

/** Why the StackSet's template cannot be read, or undefined when it can. */
export function unreadableStackSetTemplate(properties: { readonly [key: string]: any }): string | undefined {
  if (stackSetTemplate(properties) !== undefined) return undefined;
  const how = properties.TemplateURL !== undefined ? 'given by TemplateURL'
    : typeof properties.TemplateBody === 'string' ? 'not JSON (YAML)'
      : 'assembled with intrinsic functions';
  return `a StackSet whose template is ${how}: its resources are not examined for assets the stack instances cannot reach (Readiness-DEP8)`;
}

/**
 * The only way the console builds DOM: text always goes in as text nodes and attribute values through
 * setAttribute, so data from the API is never parsed as HTML.
 */
export type Child = Node | string | number | null | undefined | false;
type Listener = (event: Event) => void;
type Attributes = Record<string, string | number | boolean | null | undefined | Listener>;

export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  let value: string | undefined;
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute === null || attribute === undefined || attribute === false) continue;
    if (typeof attribute === 'function') {
      element.addEventListener(name.replace(/^on/, ''), attribute);
    } else if (name === 'value') {
      value = String(attribute);
    } else {
      element.setAttribute(name, attribute === true ? '' : String(attribute));
    }
  }
  element.append(...present(children));
  // A select only accepts a value once its options exist, so the value is applied after the children.
  if (value !== undefined && 'value' in element) element.value = value;
  return element;
}

export function replaceContent(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...present(children));
}

function present(children: Child[]): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    nodes.push(typeof child === 'number' ? String(child) : child);
  }
  return nodes;
}

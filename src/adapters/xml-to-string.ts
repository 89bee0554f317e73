import type { XmlElement } from "./xml-tree.js";

// ElementTree's `_namespace_map`: URIs that get a conventional prefix instead of `ns0`, `ns1`...
const WELL_KNOWN_PREFIXES: Record<string, string> = {
  "http://www.w3.org/XML/1998/namespace": "xml",
  "http://www.w3.org/1999/xhtml": "html",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://schemas.xmlsoap.org/wsdl/": "wsdl",
  "http://www.w3.org/2001/XMLSchema": "xs",
  "http://www.w3.org/2001/XMLSchema-instance": "xsi",
  "http://purl.org/dc/elements/1.1/": "dc",
};

/**
 * Python's `ET.tostring(element, encoding="unicode")`: the element, its subtree and its own
 * tail, with empty elements as `<tag />`, ElementTree's escaping, and `{uri}` names turned into
 * `ns0:`-style prefixes declared on the element.
 *
 * @example
 * elementToString(parseXml("<r><a k='1'>x<b/></a>tail</r>").children[0]!); // '<a k="1">x<b /></a>tail'
 */
export function elementToString(element: XmlElement): string {
  const namespaces = new Map<string, string>();
  const qnames = new Map<string, string>();
  const addName = (name: string) => {
    if (qnames.has(name)) return;
    if (!name.startsWith("{")) {
      qnames.set(name, name);
      return;
    }
    const close = name.lastIndexOf("}");
    const uri = name.slice(1, close);
    let prefix = namespaces.get(uri);
    if (prefix === undefined) {
      prefix = WELL_KNOWN_PREFIXES[uri] ?? `ns${namespaces.size}`;
      if (prefix !== "xml") namespaces.set(uri, prefix);
    }
    qnames.set(name, `${prefix}:${name.slice(close + 1)}`);
  };
  const collect = (node: XmlElement) => {
    addName(node.tag);
    for (const key of node.attrib.keys()) addName(key);
    node.children.forEach(collect);
  };
  collect(element);
  return serialize(element, qnames, namespaces);
}

function serialize(element: XmlElement, qnames: Map<string, string>, namespaces?: Map<string, string>): string {
  const tag = qnames.get(element.tag) as string;
  let out = `<${tag}`;
  if (namespaces) {
    // ElementTree declares every namespace on the outermost element, sorted by prefix.
    const sorted = [...namespaces].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [uri, prefix] of sorted) out += ` xmlns${prefix ? `:${prefix}` : ""}="${escapeAttribute(uri)}"`;
  }
  for (const [key, value] of element.attrib) out += ` ${qnames.get(key) as string}="${escapeAttribute(value)}"`;
  if (element.text || element.children.length > 0) {
    out += `>${element.text ? escapeText(element.text) : ""}`;
    for (const child of element.children) out += serialize(child, qnames);
    out += `</${tag}>`;
  } else out += " />";
  if (element.tail) out += escapeText(element.tail);
  return out;
}

function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeText(text)
    .replaceAll('"', "&quot;")
    .replaceAll("\r", "&#13;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\t", "&#09;");
}

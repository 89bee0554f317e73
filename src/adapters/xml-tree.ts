import { prologToken } from "./xml-prolog-token.js";
import { isSpace, isXmlChar, PREDEFINED_ENTITIES, XmlScanner } from "./xml-scanner.js";

export { XmlParseError } from "./xml-scanner.js";

/**
 * One element of a parsed document, shaped like Python's `xml.etree.ElementTree.Element`:
 * `text` is the character data before the first child, `tail` the data after this element's
 * end tag (up to the next sibling), both `null` when there is none. Namespaced names read
 * `{uri}local`, as ElementTree writes them.
 *
 * @example
 * const [a] = parseXml("<r><a k='1'>x<b/>y</a></r>").children; // a.text "x", a.children[0].tail "y"
 */
export interface XmlElement {
  tag: string;
  attrib: Map<string, string>;
  text: string | null;
  tail: string | null;
  children: XmlElement[];
}

/**
 * Parses a document the way Python's `ET.fromstring` does with expat: the same well-formedness
 * errors at the same positions (first error in document order wins), entities and character
 * references decoded, newlines normalised, comments and processing instructions dropped,
 * CDATA merged into text, namespaces resolved to `{uri}local`. Throws {@link XmlParseError}.
 *
 * @example
 * parseXml("<r><a k='1'>x &amp; y</a></r>").children[0]?.text; // "x & y"
 */
export function parseXml(source: string): XmlElement {
  return new TreeParser(source).document();
}

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

/** A piece of an attribute value, resolved only once the whole tag is known to be well-formed. */
type ValuePart = { text: string } | { code: number; at: number } | { entity: string };

interface RawAttribute {
  name: string;
  at: number;
  parts: ValuePart[];
}

interface Open {
  element: XmlElement;
  name: string;
  namespaces: Map<string, string>;
}

class TreeParser extends XmlScanner {
  document(): XmlElement {
    this.misc(false);
    const root = this.startTag(new Map([["xml", XML_NAMESPACE]]));
    if (!root.empty) this.content(root);
    this.misc(true);
    return root.element;
  }

  /** Whitespace, comments and processing instructions around the root element. */
  private misc(afterRoot: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const at = this.i;
      if (isSpace(s.charCodeAt(at))) this.i++;
      else if (s.startsWith("<!--", at)) this.comment(at);
      else if (s.startsWith("<?", at)) {
        if (this.instruction(at))
          this.fail(afterRoot ? "junk after document element" : "XML or text declaration not at start of entity", at);
      } else if (!afterRoot && s[at] === "<" && this.nameStartAt(at + 1)) return;
      else {
        const token = prologToken(s, at);
        if (token.kind === "invalid") this.invalid(token.at);
        if (token.kind === "partial") this.fail("unclosed token", at);
        this.fail(afterRoot ? "junk after document element" : "syntax error", at);
      }
    }
    if (!afterRoot) this.fail("no element found", s.length);
  }

  private content(root: Open): void {
    const s = this.s;
    const stack: Open[] = [root];
    for (;;) {
      const top = stack[stack.length - 1] as Open;
      const at = this.i;
      if (at >= s.length) this.fail("no element found", s.length);
      const code = s.charCodeAt(at);
      if (code === 0x3c) {
        const next = s[at + 1];
        if (next === "/") {
          const name = this.endTag(at);
          if (name !== top.name) this.fail("mismatched tag", at + 2);
          stack.pop();
          if (stack.length === 0) return;
        } else if (next === "!") {
          if (s[at + 2] === "[") appendText(top.element, this.cdata(at));
          else if (s[at + 2] === "-") this.comment(at);
          else this.invalidOrPartial(at + 2, at);
        } else if (next === "?") {
          if (this.instruction(at)) this.fail("XML or text declaration not at start of entity", at);
        } else if (this.nameStartAt(at + 1)) {
          const child = this.startTag(top.namespaces);
          top.element.children.push(child.element);
          if (!child.empty) stack.push(child);
        } else this.invalidOrPartial(at + 1, at);
      } else if (code === 0x26) {
        const ref = this.reference(at);
        if ("code" in ref) {
          if (!isXmlChar(ref.code)) this.fail("reference to invalid character number", at);
          appendText(top.element, String.fromCodePoint(ref.code));
        } else {
          const value = PREDEFINED_ENTITIES[ref.entity];
          if (value === undefined) this.fail("undefined entity", at);
          appendText(top.element, value);
        }
      } else appendText(top.element, this.text(at));
    }
  }

  /** A run of character data up to the next markup, with newlines normalised. */
  private text(start: number): string {
    const s = this.s;
    let out = "";
    let from = start;
    let j = start;
    while (j < s.length) {
      const code = s.codePointAt(j) as number;
      if (code === 0x3c || code === 0x26) break;
      if (code === 0x0d) {
        out += `${s.slice(from, j)}\n`;
        j += s.charCodeAt(j + 1) === 0x0a ? 2 : 1;
        from = j;
        continue;
      }
      if (code === 0x5d && s.startsWith("]]>", j)) this.invalid(j + 2);
      if (!isXmlChar(code)) this.invalid(j);
      j += code > 0xffff ? 2 : 1;
    }
    this.i = j;
    return out + s.slice(from, j);
  }

  private startTag(inherited: Map<string, string>): Open & { empty: boolean } {
    const s = this.s;
    const start = this.i;
    const name = this.qualifiedName(start + 1);
    let j = start + 1 + name.length;
    const raw: RawAttribute[] = [];
    let empty = false;
    for (;;) {
      if (s[j] === ">") {
        j++;
        break;
      }
      if (s[j] === "/") {
        if (s[j + 1] !== ">") this.invalidOrPartial(j + 1, start);
        j += 2;
        empty = true;
        break;
      }
      if (!isSpace(s.charCodeAt(j))) this.invalidOrPartial(j, start);
      while (isSpace(s.charCodeAt(j))) j++;
      if (s[j] === ">" || s[j] === "/") continue;
      if (!this.nameStartAt(j)) this.invalidOrPartial(j, start);
      j = this.attribute(j, start, raw);
    }
    this.i = j;
    const { attrib, namespaces, tag } = this.resolve(start, name, raw, inherited);
    return { element: { tag, attrib, text: null, tail: null, children: [] }, name, namespaces, empty };
  }

  /** `name = "value"`; returns the index after the closing quote. */
  private attribute(at: number, tagStart: number, raw: RawAttribute[]): number {
    const s = this.s;
    const name = this.qualifiedName(at);
    let j = at + name.length;
    while (isSpace(s.charCodeAt(j))) j++;
    if (s[j] !== "=") this.invalidOrPartial(j, tagStart);
    j++;
    while (isSpace(s.charCodeAt(j))) j++;
    const quote = s[j];
    if (quote !== '"' && quote !== "'") this.invalidOrPartial(j, tagStart);
    j++;
    const parts: ValuePart[] = [];
    let from = j;
    while (s[j] !== quote) {
      if (j >= s.length) this.fail("unclosed token", tagStart);
      const code = s.codePointAt(j) as number;
      if (code === 0x3c || !isXmlChar(code)) this.invalid(j);
      if (code === 0x26) {
        parts.push({ text: s.slice(from, j) });
        const ref = this.reference(j);
        parts.push("code" in ref ? { code: ref.code, at: j } : { entity: ref.entity });
        j = this.i;
        from = j;
        continue;
      }
      j += code > 0xffff ? 2 : 1;
    }
    parts.push({ text: s.slice(from, j) });
    raw.push({ name, at, parts });
    return j + 1;
  }

  /** Duplicate checks, value decoding and namespaces, in expat's order, once the tag is whole. */
  private resolve(start: number, name: string, raw: RawAttribute[], inherited: Map<string, string>) {
    let namespaces = inherited;
    const values: [string, string][] = [];
    const seen = new Set<string>();
    for (const attribute of raw) {
      if (seen.has(attribute.name)) this.fail("duplicate attribute", attribute.at);
      seen.add(attribute.name);
      let value = "";
      for (const part of attribute.parts) {
        if ("text" in part) value += part.text.replace(/\r\n?|[\n\t]/g, " ");
        else if ("code" in part) {
          if (!isXmlChar(part.code)) this.fail("reference to invalid character number", part.at);
          value += String.fromCodePoint(part.code);
        } else {
          const replacement = PREDEFINED_ENTITIES[part.entity];
          if (replacement === undefined) this.fail("undefined entity", start);
          value += replacement;
        }
      }
      if (attribute.name === "xmlns" || attribute.name.startsWith("xmlns:")) {
        if (attribute.name !== "xmlns" && value === "") this.fail("must not undeclare prefix", start);
        if (namespaces === inherited) namespaces = new Map(inherited);
        namespaces.set(attribute.name === "xmlns" ? "" : attribute.name.slice(6), value);
      } else values.push([attribute.name, value]);
    }
    const attrib = new Map<string, string>();
    for (const [key, value] of values) {
      const expanded = key.includes(":") ? this.expand(key, namespaces, start) : key;
      if (attrib.has(expanded)) this.fail("duplicate attribute", start);
      attrib.set(expanded, value);
    }
    const defaultNamespace = namespaces.get("");
    const tag = name.includes(":")
      ? this.expand(name, namespaces, start)
      : defaultNamespace
        ? `{${defaultNamespace}}${name}`
        : name;
    return { attrib, namespaces, tag };
  }

  private expand(name: string, namespaces: Map<string, string>, start: number): string {
    const colon = name.indexOf(":");
    const uri = namespaces.get(name.slice(0, colon));
    if (!uri) this.fail("unbound prefix", start);
    return `{${uri}}${name.slice(colon + 1)}`;
  }

  /** `</name>`; returns the name. expat skips qualified-name checks here: it must match anyway. */
  private endTag(start: number): string {
    const s = this.s;
    if (!this.nameStartAt(start + 2)) this.invalidOrPartial(start + 2, start);
    let j = this.nameEnd(start + 2, true);
    const name = s.slice(start + 2, j);
    while (isSpace(s.charCodeAt(j))) j++;
    if (s[j] !== ">") this.invalidOrPartial(j, start);
    this.i = j + 1;
    return name;
  }
}

/** Adds character data where ElementTree puts it: the element's text, or its last child's tail. */
function appendText(element: XmlElement, text: string): void {
  if (!text) return;
  const last = element.children[element.children.length - 1];
  if (last) last.tail = (last.tail ?? "") + text;
  else element.text = (element.text ?? "") + text;
}

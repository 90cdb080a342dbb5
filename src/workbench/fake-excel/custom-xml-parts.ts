// Custom XML parts of the in-memory workbook: XML the add-in stores in the file, found by id or root namespace.

import { rootNamespace } from "./custom-xml";
import { invalidArgument } from "./errors";

export interface XmlPartModel {
  id: string;
  xml: string;
  namespaceUri: string;
  deleted: boolean;
}

function randomGuid(): string {
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .toUpperCase()
      .padStart(4, "0");
  return `{${hex()}${hex()}-${hex()}-${hex()}-${hex()}-${hex()}${hex()}${hex()}}`;
}

/** The root namespace of well-formed XML; Excel's InvalidArgument, with what to check, otherwise. */
function namespaceOf(xml: string, location: string): string {
  const namespaceUri = typeof xml === "string" ? rootNamespace(xml) : undefined;
  if (namespaceUri === undefined) {
    throw invalidArgument(
      location,
      "The custom XML part is not well-formed XML: check that it has one root element and every tag is closed.",
    );
  }
  return namespaceUri;
}

export function newXmlPart(xml: string): XmlPartModel {
  return { id: randomGuid(), xml, namespaceUri: namespaceOf(xml, "CustomXmlPartCollection.add"), deleted: false };
}

export function replaceXml(part: XmlPartModel, xml: string): void {
  const namespaceUri = namespaceOf(xml, "CustomXmlPart.setXml");
  part.xml = xml;
  part.namespaceUri = namespaceUri;
}

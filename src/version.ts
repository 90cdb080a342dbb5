import pkg from "../package.json";

/** The add-in's version: package.json is the one place it is set (the manifest's <Version> is checked against it). */
export const ADDIN_VERSION: string = pkg.version;

// Custom functions, namespace KALIBRATE (manifest.xml). Each function is a thin, JSDoc-described wrapper: the webpack
// plugin turns the JSDoc into functions.json and appends the CustomFunctions.associate calls.
import { ADDIN_VERSION } from "../version";

/**
 * The version of the Kalibrate add-in running in this workbook.
 * @customfunction VERSION
 * @helpurl https://localhost:3000/help.html#version
 * @returns The add-in version, for example 0.1.0.
 */
export function version(): string {
  return ADDIN_VERSION;
}

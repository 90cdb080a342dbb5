// What the KALIBRATE functions do, loaded by functions.ts on the first call (a chunk of its own).
export { queryTable } from "./query";
export { priceAt, priceHistory } from "./prices";
export { lookupField } from "./lookup";
export { site, sitePriceAt } from "./site";
export { PRICE_FORMAT, typedNumber } from "./typed-values";
export { recordingContext } from "./provenance";

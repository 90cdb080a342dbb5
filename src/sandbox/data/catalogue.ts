// Made-up names and places for the seeded data. Brand names are invented; towns are real places so that
// latitude/longitude and post codes look plausible on a map.

export interface Town {
  name: string;
  latitude: number;
  longitude: number;
  postCodeArea: string;
  area: number;
}

export const AREAS = [
  "London",
  "South East",
  "South West",
  "Midlands",
  "North West",
  "North East",
  "Scotland",
  "Wales",
];

export const TOWNS: Town[] = [
  { name: "Croydon", latitude: 51.3762, longitude: -0.0982, postCodeArea: "CR", area: 0 },
  { name: "Ealing", latitude: 51.513, longitude: -0.3089, postCodeArea: "W", area: 0 },
  { name: "Stratford", latitude: 51.5413, longitude: -0.0032, postCodeArea: "E", area: 0 },
  { name: "Reading", latitude: 51.4543, longitude: -0.9781, postCodeArea: "RG", area: 1 },
  { name: "Guildford", latitude: 51.2362, longitude: -0.5704, postCodeArea: "GU", area: 1 },
  { name: "Maidstone", latitude: 51.2704, longitude: 0.5227, postCodeArea: "ME", area: 1 },
  { name: "Brighton", latitude: 50.8225, longitude: -0.1372, postCodeArea: "BN", area: 1 },
  { name: "Oxford", latitude: 51.752, longitude: -1.2577, postCodeArea: "OX", area: 1 },
  { name: "Southampton", latitude: 50.9097, longitude: -1.4044, postCodeArea: "SO", area: 1 },
  { name: "Bristol", latitude: 51.4545, longitude: -2.5879, postCodeArea: "BS", area: 2 },
  { name: "Exeter", latitude: 50.7184, longitude: -3.5339, postCodeArea: "EX", area: 2 },
  { name: "Plymouth", latitude: 50.3755, longitude: -4.1427, postCodeArea: "PL", area: 2 },
  { name: "Swindon", latitude: 51.5558, longitude: -1.7797, postCodeArea: "SN", area: 2 },
  { name: "Taunton", latitude: 51.0151, longitude: -3.1029, postCodeArea: "TA", area: 2 },
  { name: "Birmingham", latitude: 52.4862, longitude: -1.8904, postCodeArea: "B", area: 3 },
  { name: "Coventry", latitude: 52.4068, longitude: -1.5197, postCodeArea: "CV", area: 3 },
  { name: "Leicester", latitude: 52.6369, longitude: -1.1398, postCodeArea: "LE", area: 3 },
  { name: "Nottingham", latitude: 52.9548, longitude: -1.1581, postCodeArea: "NG", area: 3 },
  { name: "Derby", latitude: 52.9225, longitude: -1.4746, postCodeArea: "DE", area: 3 },
  { name: "Northampton", latitude: 52.2405, longitude: -0.9027, postCodeArea: "NN", area: 3 },
  { name: "Stoke-on-Trent", latitude: 53.0027, longitude: -2.1794, postCodeArea: "ST", area: 3 },
  { name: "Manchester", latitude: 53.4808, longitude: -2.2426, postCodeArea: "M", area: 4 },
  { name: "Liverpool", latitude: 53.4084, longitude: -2.9916, postCodeArea: "L", area: 4 },
  { name: "Preston", latitude: 53.7632, longitude: -2.7031, postCodeArea: "PR", area: 4 },
  { name: "Bolton", latitude: 53.5769, longitude: -2.428, postCodeArea: "BL", area: 4 },
  { name: "Chester", latitude: 53.1934, longitude: -2.8931, postCodeArea: "CH", area: 4 },
  { name: "Lancaster", latitude: 54.0466, longitude: -2.8007, postCodeArea: "LA", area: 4 },
  { name: "Leeds", latitude: 53.8008, longitude: -1.5491, postCodeArea: "LS", area: 5 },
  { name: "Sheffield", latitude: 53.3811, longitude: -1.4701, postCodeArea: "S", area: 5 },
  { name: "York", latitude: 53.959, longitude: -1.0815, postCodeArea: "YO", area: 5 },
  { name: "Newcastle", latitude: 54.9783, longitude: -1.6178, postCodeArea: "NE", area: 5 },
  { name: "Durham", latitude: 54.7761, longitude: -1.5733, postCodeArea: "DH", area: 5 },
  { name: "Hull", latitude: 53.7676, longitude: -0.3274, postCodeArea: "HU", area: 5 },
  { name: "Glasgow", latitude: 55.8642, longitude: -4.2518, postCodeArea: "G", area: 6 },
  { name: "Edinburgh", latitude: 55.9533, longitude: -3.1883, postCodeArea: "EH", area: 6 },
  { name: "Aberdeen", latitude: 57.1497, longitude: -2.0943, postCodeArea: "AB", area: 6 },
  { name: "Dundee", latitude: 56.462, longitude: -2.9707, postCodeArea: "DD", area: 6 },
  { name: "Cardiff", latitude: 51.4816, longitude: -3.1791, postCodeArea: "CF", area: 7 },
  { name: "Swansea", latitude: 51.6214, longitude: -3.9436, postCodeArea: "SA", area: 7 },
  { name: "Newport", latitude: 51.5842, longitude: -2.9977, postCodeArea: "NP", area: 7 },
];

export const SITE_SUFFIXES = ["Service Station", "Ring Road", "Express", "High Street", "Bypass", "Retail Park"];
export const STREETS = ["London Road", "Station Road", "Church Street", "Mill Lane", "Park Road", "Victoria Road"];

/** Invented brand names; the first few are the sandbox customer's own network brands. */
export const BRANDS = [
  "Northway",
  "Fuelwise",
  "Harbour Fuels",
  "Meridian",
  "Redline",
  "Greenfield Energy",
  "Orbit",
  "Summit",
  "Kestrel",
  "Apex",
  "Beacon",
  "Crown Fuel",
  "Delta Petroleum",
  "Evergreen",
  "Falcon",
  "Gateway",
  "Highland",
  "Ironbridge",
  "Jubilee",
  "Lakeside",
  "Marlin",
  "Nova",
  "Pioneer",
  "Quayside",
];
export const OWN_BRAND_COUNT = 3;

export interface GlobalProductSpec {
  name: string;
  importCode: string;
  /** Starting pump price in tenths of a penny per litre (1379 = 137.9p = £1.379). */
  basePrice: number;
  /** Litres a typical site sells a day. */
  dailyLitres: number;
  main: boolean;
}

export const GLOBAL_PRODUCTS: GlobalProductSpec[] = [
  { name: "Unleaded", importCode: "ULP", basePrice: 1379, dailyLitres: 6200, main: true },
  { name: "Diesel", importCode: "DSL", basePrice: 1449, dailyLitres: 5400, main: true },
  { name: "Premium Unleaded", importCode: "SUP", basePrice: 1549, dailyLitres: 850, main: true },
  { name: "Premium Diesel", importCode: "SDSL", basePrice: 1599, dailyLitres: 640, main: true },
  { name: "LPG", importCode: "LPG", basePrice: 839, dailyLitres: 310, main: false },
];

export const PRODUCT_GROUPS = [
  { name: "All Fuels", alias: "Fuels", importCode: "PG-ALL", products: ["ULP", "DSL", "SUP", "SDSL", "LPG"] },
  { name: "Petrols", alias: "Petrol", importCode: "PG-PET", products: ["ULP", "SUP"] },
  { name: "Diesels", alias: "Diesel", importCode: "PG-DSL", products: ["DSL", "SDSL"] },
  { name: "Premium Fuels", alias: "Premium", importCode: "PG-PREM", products: ["SUP", "SDSL"] },
];

export const PEOPLE = ["Alex Morgan", "Sam Patel", "Jo Williams", "Chris Evans", "Priya Shah", "Tom Hughes"];
export const SURVEYORS = ["surveyor.alex", "surveyor.sam", "surveyor.jo", "surveyor.priya"];

export interface TerminalSpec {
  name: string;
  operator: string;
  postCode: string;
  latitude: number;
  longitude: number;
}

/** Fuel terminals near real refineries and import ports; the operators are the invented brands' suppliers. */
export const TERMINALS: TerminalSpec[] = [
  {
    name: "Thames Estuary Terminal",
    operator: "Northway Supply",
    postCode: "SS17 9LU",
    latitude: 51.5102,
    longitude: 0.4378,
  },
  {
    name: "Fawley Terminal",
    operator: "Meridian Logistics",
    postCode: "SO45 1TX",
    latitude: 50.8319,
    longitude: -1.3324,
  },
  {
    name: "Avonmouth Terminal",
    operator: "Harbour Fuels Supply",
    postCode: "BS11 9YF",
    latitude: 51.5071,
    longitude: -2.6988,
  },
  {
    name: "Kingsbury Terminal",
    operator: "Northway Supply",
    postCode: "B78 2HA",
    latitude: 52.5647,
    longitude: -1.6769,
  },
  {
    name: "Stanlow Terminal",
    operator: "Meridian Logistics",
    postCode: "CH65 4HB",
    latitude: 53.2763,
    longitude: -2.8657,
  },
  {
    name: "Immingham Terminal",
    operator: "Fuelwise Distribution",
    postCode: "DN40 3LL",
    latitude: 53.6256,
    longitude: -0.2178,
  },
  {
    name: "Grangemouth Terminal",
    operator: "Fuelwise Distribution",
    postCode: "FK3 8XG",
    latitude: 56.0115,
    longitude: -3.7036,
  },
  {
    name: "Milford Haven Terminal",
    operator: "Harbour Fuels Supply",
    postCode: "SA73 3JD",
    latitude: 51.7013,
    longitude: -5.0391,
  },
];

/** Which terminal supplies each area (index into AREAS -> index into TERMINALS). */
export const AREA_TERMINAL = [0, 1, 2, 3, 4, 5, 6, 7];

export const CHANNELS_OF_TRADE = ["COCO", "CODO", "DODO"];
export const CONTRACT_TYPES = ["Company operated", "Commission agent", "Dealer supply"];
export const NETWORKS = ["Urban", "Rural", "Motorway", "Supermarket forecourt"];

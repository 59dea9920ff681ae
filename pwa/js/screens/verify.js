// The public check of a volunteer certificate (/verify/{code}).
export { verifyScreen as default } from "./certificate.js";

// Swagger UI over /openapi.json, from the files bundled in the binary
// (no CDN; validatorUrl off so nothing leaves the server).
"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
});

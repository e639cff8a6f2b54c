// The OpenAPI page, served from the bundled Swagger UI (no CDN); kept out of the HTML for the CSP.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });

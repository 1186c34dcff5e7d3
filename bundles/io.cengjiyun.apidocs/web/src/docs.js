// The API's reference: Swagger UI over the runtime's own document, from the same origin. Nothing else is fetched
// (no validator badge, no fonts, no CDN); the page's Content-Security-Policy holds it to that.
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: false,
  persistAuthorization: false,
  // the console's session cookie goes with each call; a change needs its CSRF token (the csrf scheme of Authorize)
  withCredentials: true
});

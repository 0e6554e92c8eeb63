package main

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDocument describes every route of routes(); TestOpenAPICoversEveryRoute
// fails when a route is missing from it or it lists one that does not exist.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPI serves the document at /api/v1/openapi.json.
func openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", openAPIDocument)
}

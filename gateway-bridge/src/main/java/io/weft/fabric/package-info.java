/**
 * The Runtime Fabric (control plane): fabric groups of gateways, templates, homogeneity validation, drift and
 * scheduler pause/resume fan-out, and the HTTP client for the gateway API every node serves. The model lives
 * here and the HTTP endpoints in admin-rest. The walking skeleton carries only the environment vocabulary; the
 * Runtime Fabric issue builds the rest.
 */
package io.weft.fabric;

/**
 * The Runtime Fabric (control plane) model: fabric groups, gateways, health, validation reports, publications,
 * drift and fan-out results, executions. Sub-packages hold the store ports ({@code store}), templates and their
 * digests ({@code template}), the gateway API's wire shapes, client, token lookup and health monitor
 * ({@code gateway}), and the rules and operations ({@code control}). No Hazelcast or Netty type appears here:
 * the node implements the store ports on the grid, and admin-rest serves the HTTP endpoints.
 */
package io.weft.fabric;

package io.weft.fabric.gateway;

/** A successful answer from a gateway: its HTTP status and the decoded body. */
public record GatewayReply<T>(int status, T body)
{
}

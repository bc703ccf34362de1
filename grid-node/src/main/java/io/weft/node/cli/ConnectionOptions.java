package io.weft.node.cli;

import io.weft.fabric.gateway.PemTrust;
import io.weft.node.security.ApiTokenSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the node is and how to prove who we are: shared by every command that talks to the REST API. */
final class ConnectionOptions
{
    @Option(names = "--url", defaultValue = "${env:WEFT_URL:-http://127.0.0.1:8080}",
        description = "the node's REST address (default: $WEFT_URL, else ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token-file", description = "a file holding the API token (default: $WEFT_TOKEN, else ~/.weft/admin-token)")
    Path tokenFile;

    @Option(names = "--ca-file", description = "PEM certificates to trust for an https:// node")
    Path caFile;

    @Option(names = "--json", description = "print the API's JSON answer instead of a table")
    boolean json;

    ApiClient client()
    {
        return new ApiClient(url, token(), caFile == null ? null : PemTrust.of(caFile));
    }

    private String token()
    {
        return ApiTokenSource.find(tokenFile, System.getenv());
    }
}

package io.weft.node.security;

import io.weft.rest.security.Role;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code weft token --principal NAME --role ROLE [--file TOKENS]}: makes a new random token, prints it once, and
 * appends its hash line to the tokens file (or prints the line). The token itself is never written anywhere.
 */
public final class TokenMain
{
    private static final String USAGE = """
        usage: weft token --principal NAME --role admin|operator|developer|viewer [--file TOKENS_FILE]
               weft token --executor --principal NAME [--classes ocr,llm|*] [--file EXECUTOR_TOKENS_FILE]
          prints a new token on the first line (keep it: it is not stored) and appends its line
          ('<principal> <role> sha256:<hash>', or for an executor '<name> <classes> sha256:<hash>') to the file
          (API tokens are re-read within seconds; executor tokens when the node starts), or prints that line
        """;

    private TokenMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        String principal = null;
        Role role = null;
        Path file = null;
        boolean executor = false;
        String classes = "*";
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg)
            {
                case "--principal" -> principal = value;
                case "--role" -> role = value == null ? null : Role.byName(value);
                case "--file" -> file = value == null ? null : Path.of(value);
                case "--classes" -> classes = value;
                case "--executor" -> {
                    executor = true;
                    continue;
                }
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> fail("unknown argument '" + arg + "'");
            }
            i++;
        }
        if (principal == null || !principal.matches("[A-Za-z0-9._@-]{1,64}"))
        {
            fail("--principal must be 1 to 64 letters, digits or . _ @ -");
        }
        if (!executor && role == null)
        {
            fail("--role must be admin, operator, developer or viewer");
        }
        if (executor && (classes == null || !classes.matches("\\*|[^\\s*]+")))
        {
            fail("--classes must be * or comma-separated class names without spaces");
        }
        final String token = TokenHash.newToken();
        final String line = principal + " " + (executor ? classes : role.roleName()) + " " + TokenHash.encoded(token);
        System.out.println(token);
        if (file == null)
        {
            System.out.println(line);
        }
        else
        {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.err.println("added " + principal + " (" + (executor ? "executor of " + classes : role.roleName()) + ") to " + file);
        }
    }

    private static void fail(final String message)
    {
        System.err.println("weft token: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}

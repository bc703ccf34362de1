package io.weft.scheduler.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifierTextTest
{
    @Test
    void textInAnyScriptIsAnIdentifier()
    {
        assertNull(IdentifierText.problem("página-1"));
        assertNull(IdentifierText.problem("ocr.日本語"));
        assertNull(IdentifierText.problem("Rechnungen März 📄")); // a paired surrogate is one code point
        assertNull(IdentifierText.problem("x".repeat(IdentifierText.MAX_LENGTH)));
    }

    @Test
    void controlFormatSeparatorSurrogateAndNoncharacterAreNot()
    {
        assertTrue(IdentifierText.problem("a\u0000b").contains("U+0000"));
        assertTrue(IdentifierText.problem("a\r\nb").contains("U+000D"));
        assertTrue(IdentifierText.problem("a\u0085b").contains("U+0085"));
        assertTrue(IdentifierText.problem("evil\u202Etxt").contains("RIGHT-TO-LEFT OVERRIDE"));
        assertTrue(IdentifierText.problem("zero\u200Bwidth").contains("U+200B"));
        assertTrue(IdentifierText.problem("a\u2028b").contains("U+2028"));
        assertTrue(IdentifierText.problem("lone\uD800").contains("lone surrogate"));
        assertTrue(IdentifierText.problem("\uDC00first").contains("at position 0"));
        assertTrue(IdentifierText.problem("a\uFDD0").contains("U+FDD0"));
        assertTrue(IdentifierText.problem("a\uFFFF").contains("U+FFFF"));
    }

    @Test
    void tooLongSaysHowLongAndTheLimit()
    {
        final String problem = IdentifierText.problem("x".repeat(10_240));
        assertTrue(problem.contains("10240") && problem.contains(String.valueOf(IdentifierText.MAX_LENGTH)), problem);
    }
}

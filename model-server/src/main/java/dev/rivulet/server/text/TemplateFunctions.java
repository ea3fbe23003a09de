package dev.rivulet.server.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The globals that Hugging Face gives chat templates: {@code raise_exception(message)} and {@code
 * strftime_now(format)} (Python strftime directives, the render's clock and time zone).
 */
final class TemplateFunctions {

    private TemplateFunctions() {}

    /** Raised by a template's {@code raise_exception}; rendering fails with its message. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    /** {@code raise_exception(message)}. */
    static Object raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** {@code strftime_now(format)}. */
    static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        long millis =
                interpreter == null
                        ? System.currentTimeMillis()
                        : interpreter.getConfig().getDateTimeProvider().getCurrentTimeMillis();
        var zone =
                interpreter == null
                        ? java.time.ZoneId.systemDefault()
                        : interpreter.getConfig().getTimeZone();
        return strftime(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), zone), format);
    }

    /** Python's {@code datetime.strftime} for the common directives, C locale. */
    static String strftime(ZonedDateTime t, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean noPad = d == '-' && i + 1 < format.length();
            if (noPad) {
                d = format.charAt(++i);
            }
            String pad = noPad ? "%d" : "%02d";
            switch (d) {
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case 'd' -> sb.append(String.format(pad, t.getDayOfMonth()));
                case 'e' -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case 'm' -> sb.append(String.format(pad, t.getMonthValue()));
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'Y' -> sb.append(t.getYear());
                case 'H' -> sb.append(String.format(pad, t.getHour()));
                case 'I' -> sb.append(String.format(pad, (t.getHour() + 11) % 12 + 1));
                case 'M' -> sb.append(String.format(pad, t.getMinute()));
                case 'S' -> sb.append(String.format(pad, t.getSecond()));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format(noPad ? "%d" : "%03d", t.getDayOfYear()));
                case '%' -> sb.append('%');
                default ->
                        throw new IllegalArgumentException(
                                "strftime_now: unsupported directive %" + d + " in " + format);
            }
        }
        return sb.toString();
    }
}

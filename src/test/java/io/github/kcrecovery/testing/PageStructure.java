package io.github.kcrecovery.testing;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.List;

/** Page structure with the per-session and per-number parts blanked out, to compare real and decoy pages. */
public final class PageStructure {

    private PageStructure() {
    }

    public static String of(Document page) {
        Document copy = page.clone();
        copy.select("script").remove();
        copy.select(".recovery-masked-number").forEach(e -> e.text("MASKED"));
        for (Element element : copy.getAllElements()) {
            for (String attribute : List.of("action", "href", "value")) {
                if (element.hasAttr(attribute) && !element.is("button")) {
                    element.attr(attribute, "X");
                }
            }
        }
        return copy.body().html();
    }
}

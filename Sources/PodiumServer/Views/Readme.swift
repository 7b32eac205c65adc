import Foundation
import Ink
import PodiumCore

/// A challenge's README.md as HTML, with the author's content inert: raw HTML (blocks and
/// inline tags) is shown as text, links and images keep only http(s), mailto and relative
/// addresses, with every attribute escaped. Ink passes raw HTML and link targets through as
/// written: tags are escaped in the Markdown first (`ReadmeAudit.escapingRawHTML`), and Ink's
/// modifiers rewrite links and images, and escape any HTML fragment that would remain.
enum Readme {
    static func html(_ markdown: String) -> HTML {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .html) { _, raw in Formats.escapeHTML(String(raw)) })
        parser.addModifier(Modifier(target: .links) { html, raw in link(html: html, markdown: String(raw)) })
        parser.addModifier(Modifier(target: .images) { _, raw in image(markdown: String(raw)) })
        let prepared = ReadmeAudit.escapingIntrawordUnderscores(in: ReadmeAudit.escapingRawHTML(in: markdown))
        return HTML(trusted: parser.html(from: prepared))
    }

    /// The Markdown without its first line when that line is a level-1 heading (`# Title`):
    /// the page's header already shows the challenge's title.
    static func withoutTitle(_ markdown: String) -> String {
        let text = markdown.drop(while: \.isNewline)
        guard text.hasPrefix("# ") else { return markdown }
        return String(text.drop(while: { !$0.isNewline }))
    }

    /// `[text](url)`: Ink wrote `<a href="url">` + the text's HTML + `</a>`; the text's HTML is
    /// kept (its own fragments went through these modifiers), the address is checked and
    /// escaped. Anything else (a reference link, a form Ink read differently) is shown as text.
    static func link(html: String, markdown: String) -> String {
        guard let target = inlineTarget(markdown) else { return Formats.escapeHTML(markdown) }
        let prefix = "<a href=\"\(target)\">"
        guard html.hasPrefix(prefix), html.hasSuffix("</a>") else { return Formats.escapeHTML(markdown) }
        let inner = String(html.dropFirst(prefix.count).dropLast(4))
        guard isSafe(target) else { return inner }
        return "<a href=\"\(Formats.escapeHTML(target))\" rel=\"nofollow noopener\">\(inner)</a>"
    }

    /// `![alt](url)`, rebuilt from the Markdown with both parts escaped.
    static func image(markdown: String) -> String {
        guard markdown.hasPrefix("!["), let close = markdown.range(of: "]("), let target = inlineTarget(markdown) else {
            return Formats.escapeHTML(markdown)
        }
        let alt = String(markdown[markdown.index(markdown.startIndex, offsetBy: 2)..<close.lowerBound])
        guard isSafe(target) else { return Formats.escapeHTML(alt) }
        return "<img src=\"\(Formats.escapeHTML(target))\" alt=\"\(Formats.escapeHTML(alt))\">"
    }

    /// The address of an inline link or image: after the first `](`, up to the final `)`.
    static func inlineTarget(_ markdown: String) -> String? {
        guard markdown.hasSuffix(")"), let open = markdown.range(of: "](") else { return nil }
        return String(markdown[open.upperBound..<markdown.index(before: markdown.endIndex)])
    }

    /// http(s), mailto, or a relative address (no scheme): never `javascript:` or `data:`.
    static func isSafe(_ target: String) -> Bool {
        let lower = target.trimmingCharacters(in: .whitespaces).lowercased()
        if let colon = lower.firstIndex(of: ":") {
            let scheme = lower[..<colon]
            // A colon after a path or query separator is not a scheme's.
            if !scheme.contains(where: { "/?#".contains($0) }) {
                return ["http", "https", "mailto"].contains(String(scheme))
            }
        }
        return !lower.unicodeScalars.contains { $0.value < 0x20 }
    }
}

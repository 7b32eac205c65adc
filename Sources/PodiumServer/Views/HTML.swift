import PodiumCore

/// HTML text whose interpolations are escaped unless they are HTML themselves:
/// `"<p>\(name)</p>" as HTML` escapes `name`, `"<div>\(table)</div>"` keeps an `HTML` table as it
/// is. Escaping is the default, so a page cannot forget it; only `HTML(trusted:)` takes text
/// as markup. (A type over the standard library's string interpolation does what a template
/// engine would here, with the compiler checking every page.)
struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    private(set) var text: String

    /// Markup produced elsewhere and already safe: Podium's own CSS, a board table rendered by
    /// `Leaderboard.render(.html)` (which escapes its cells), the inert README.
    init(trusted text: String) { self.text = text }

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    static let empty = HTML(trusted: "")

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }

        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { text += Formats.escapeHTML(value) }
        mutating func appendInterpolation(_ value: String?) { text += Formats.escapeHTML(value ?? "") }
        mutating func appendInterpolation(_ html: HTML) { text += html.text }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { text += part.text } }
        mutating func appendInterpolation(_ value: some BinaryInteger) { text += String(value) }
        /// Coordinates of charts.
        mutating func appendInterpolation(_ value: Double) { text += "\(value)" }
    }

    static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.text + b.text) }
    static func += (a: inout HTML, b: HTML) { a.text += b.text }
}

extension Array where Element == HTML {
    func joined() -> HTML { HTML(trusted: map(\.text).joined()) }
}

import Foundation

/// HTML text whose interpolations are escaped unless they are HTML themselves:
/// `"<p>\(name)</p>" as HTML` escapes `name`, `"<div>\(table)</div>"` keeps an `HTML` table as it
/// is. Escaping is the default, so a page cannot forget it; only `HTML(trusted:)` takes text
/// as markup. (A type over the standard library's string interpolation does what a template
/// engine would here, with the compiler checking every page.)
public struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    public private(set) var text: String

    /// Markup produced elsewhere and already safe: Podium's own CSS, a board table rendered by
    /// `Leaderboard.render(.html)` (which escapes its cells), the inert README.
    public init(trusted text: String) { self.text = text }

    public init(stringLiteral value: String) { text = value }

    public init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    public static let empty = HTML(trusted: "")

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }

        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ value: String) { text += Formats.escapeHTML(value) }
        public mutating func appendInterpolation(_ value: String?) { text += Formats.escapeHTML(value ?? "") }
        public mutating func appendInterpolation(_ html: HTML) { text += html.text }
        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { text += part.text } }
        public mutating func appendInterpolation(_ value: some BinaryInteger) { text += String(value) }
        /// Coordinates of charts.
        public mutating func appendInterpolation(_ value: Double) { text += "\(value)" }
    }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.text + b.text) }
    public static func += (a: inout HTML, b: HTML) { a.text += b.text }
}

extension Array where Element == HTML {
    public func joined() -> HTML { HTML(trusted: map(\.text).joined()) }
}

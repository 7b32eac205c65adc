import Foundation

/// A warning of `podium check`: what kind, what was found (naming the file, the line or the
/// column), what to do, and the figures behind it. In JSON:
/// `{"kind": K, "message": M, "advice": A, ...figures}`.
public struct CheckWarning: Sendable, Equatable, Encodable {
    public var kind: String
    public var message: String
    /// What the author can do about it.
    public var advice: String?
    /// The figures behind the finding (counts, scores, p-values, examples), flattened into
    /// the JSON object.
    public var details: [String: AuditValue]

    public init(kind: String, message: String, advice: String? = nil, details: [String: AuditValue] = [:]) {
        self.kind = kind
        self.message = message
        self.advice = advice
        self.details = details
    }

    /// Advice on the challenge's design (how finely boards can tell teams apart, a starting kit
    /// without a sample model), not a flaw of its data: `podium check --strict`, which is for
    /// leaks and bias, lets it pass.
    public var isAdvice: Bool { ["resolution", "starting-kit"].contains(kind) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: Key("kind"))
        try c.encode(message, forKey: Key("message"))
        try c.encodeIfPresent(advice, forKey: Key("advice"))
        for (key, value) in details.sorted(by: { $0.key < $1.key }) where !["kind", "message", "advice"].contains(key) {
            try c.encode(value, forKey: Key(key))
        }
    }
}

/// A figure in a warning's JSON.
public enum AuditValue: Sendable, Hashable, Encodable {
    case number(Double)
    case integer(Int)
    case text(String)
    case list([AuditValue])
    case object([String: AuditValue])

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let v): if v.isFinite { try c.encode(v) } else { try c.encodeNil() }
        case .integer(let v): try c.encode(v)
        case .text(let v): try c.encode(v)
        case .list(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }
}

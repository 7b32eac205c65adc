import Foundation

/// The one JSON coder of Podium's outputs and stored columns: sorted keys; dates as ISO 8601
/// text for people (`isoDates`), else as Foundation's default (what the stored columns hold).
/// `encode` throws where a forced `try` on `JSONEncoder` would trap: a value that is not a
/// finite number has no JSON spelling, and is refused with a message instead of stopping the
/// process. (Scores are finite by construction, see `Scorer.report`; this is the last line.)
public enum JSONText {
    /// The encoder behind `encode`, also given to the store for its JSON columns.
    public static func encoder(pretty: Bool = false, isoDates: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        if isoDates { encoder.dateEncodingStrategy = .iso8601 }
        return encoder
    }

    /// The decoder matching `encoder()` (stored columns).
    public static func decoder() -> JSONDecoder { JSONDecoder() }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false, isoDates: Bool = false) throws -> String {
        do {
            return String(decoding: try encoder(pretty: pretty, isoDates: isoDates).encode(value), as: UTF8.self)
        } catch let error as EncodingError {
            let path: String
            switch error {
            case .invalidValue(_, let context): path = context.codingPath.map(\.stringValue).joined(separator: ".")
            @unknown default: path = ""
            }
            throw PodiumError.invalid("JSON output", "the value at \(path.isEmpty ? "the top" : path) cannot be written (not a finite number)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decoder().decode(type, from: Data(text.utf8))
    }
}

import Foundation

/// A submission's description (`podium submit --message`, the form's field, the API's
/// `message`): what the team wants to remember about a file, like Kaggle's `-m`. Display text
/// for its own team and the instructor, never shown on a public board.
public enum SubmissionNote {
    /// At most this many characters: a sentence or two (Kaggle allows 500).
    public static let maxCharacters = 500

    public struct TooLong: Error, LocalizedError, Equatable {
        public var characters: Int
        public var errorDescription: String? {
            "the description has \(characters) characters; at most \(SubmissionNote.maxCharacters) are kept (a sentence or two about the file)"
        }
    }

    /// The description as stored: line breaks and tabs become spaces, other control and
    /// format characters (bidirectional overrides, zero-width joiners) are dropped, runs of
    /// spaces are one; nil when nothing is left. Longer than `maxCharacters`: refused, so that
    /// nothing the team typed is cut without their knowing.
    public static func clean(_ text: String?) throws -> String? {
        guard let text else { return nil }
        var out = ""
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            if scalar.properties.isWhitespace || category == .lineSeparator || category == .paragraphSeparator {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else if category == .control || category == .format || category == .unassigned || category == .surrogate
                || category == .privateUse
            {
                continue
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        guard !out.isEmpty else { return nil }
        guard out.count <= maxCharacters else { throw TooLong(characters: out.count) }
        return out
    }
}

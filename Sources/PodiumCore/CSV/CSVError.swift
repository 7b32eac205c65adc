import Foundation

/// A CSV problem that stops reading: not text, a record too long, an unterminated quote.
public struct CSVError: Error, LocalizedError, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var errorDescription: String? {
        line.map { "\(file) line \($0): \(message)" } ?? "\(file): \(message)"
    }
}

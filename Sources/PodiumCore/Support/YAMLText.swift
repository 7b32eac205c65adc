import Foundation
import Yams

/// YAML that people write (a manifest, a Codabench `competition.yaml`, an ingestion
/// program's `metadata.yaml`), read in one way: text that is not UTF-8 or not YAML is an
/// error naming the file, the line and the problem as the YAML reader found it, where each
/// reader had its own words ("no competition.yaml" for one that did not parse, Yams's dump).
public enum YAMLText {
    /// A YAML syntax error: the file, its line when the reader knows it, and the problem.
    public struct SyntaxError: Error, LocalizedError, Equatable, Sendable {
        public var file: String
        public var line: Int?
        public var problem: String

        public var errorDescription: String? { "\(file)\(line.map { " line \($0)" } ?? ""): \(problem)" }
    }

    /// The document of `data`; nil when it is empty. Throws `SyntaxError`.
    public static func compose(_ data: Data, file: String) throws -> Node? {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SyntaxError(file: file, line: nil, problem: "is not UTF-8 text")
        }
        return try compose(text, file: file)
    }

    /// The document of `text`; nil when it is empty. Throws `SyntaxError`.
    public static func compose(_ text: String, file: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
    }

    static func syntaxError(_ error: YamlError, file: String) -> SyntaxError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return SyntaxError(file: file, line: mark.line, problem: Echo.message("invalid YAML: \(problem)"))
        default:
            return SyntaxError(file: file, line: nil, problem: Echo.message("invalid YAML: \(error)"))
        }
    }
}

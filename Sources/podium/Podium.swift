import ArgumentParser
import Foundation

@main
struct Podium: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podium",
        abstract: "Prepare, score, rank and grade AI mini-challenges.",
        discussion: """
            Authors: new → split → check → pack. Instructors: publish → roster import → serve → \
            leaderboard → reveal → grades. `podium demo` runs the whole course on the shipped examples.
            """,
        subcommands: [
            New.self, Split.self, Check.self, Pack.self, Inspect.self, Score.self,
            Publish.self, Roster.self, Submit.self, Ingest.self, Select.self, LeaderboardCommand.self,
            Submissions.self, Reveal.self, Grades.self, Serve.self, Demo.self,
        ]
    )
}

/// Standard error, for problems and progress.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// One updating status line on standard error, only when it is a terminal; nil clears it.
    static func progress(_ text: String?) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.map { "… \($0)" } ?? "")).utf8))
    }
}

extension URL {
    init(fileArgument path: String) {
        self = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    }
}

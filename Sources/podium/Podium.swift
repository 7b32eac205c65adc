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
            New.self, Split.self, Baseline.self, Check.self, Pack.self, Inspect.self, Score.self, Run.self, Environments.self, Doctor.self,
            Publish.self, Roster.self, Submit.self, Worker.self, SlurmJob.self, Ingest.self, Select.self, LeaderboardCommand.self,
            Submissions.self, Reveal.self, Grades.self, Report.self, Integrity.self, Export.self, Import.self, Serve.self, Backup.self,
            Verify.self, Supervisors.self, Marks.self, HandIn.self, Demo.self,
        ]
    )
}

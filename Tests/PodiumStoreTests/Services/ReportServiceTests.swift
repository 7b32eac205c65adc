import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct ReportServiceTests {
    @Test func theReportHoldsTheStoresNumbers() throws {
        let f = try Fixture(baseline: true)
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), file: f.write(f.submission { i in i % 2 == 0 ? 0.9 : 0.1 }, "a.csv"))
        f.clock.advance(hours: 30)
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("bravo"), file: f.write(f.submission { i in i % 3 == 0 ? 0.8 : 0.3 }, "b.csv"))
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: f.write("id,y\nnope,2\n", "bad.csv"))
        let report = try ReportService(f.store).report("tiny")
        let facts = Dictionary(uniqueKeysWithValues: report.facts)
        #expect(facts["Teams"] == "3, of which 2 submitted a valid file")
        #expect(facts["Submissions"] == "2 accepted, 1 refused")
        #expect(report.days.map(\.accepted) == [1, 1])
        #expect(report.days.map(\.refused) == [0, 1])
        #expect(facts["Best private score"]?.contains("alpha") == true)
        let figures = Dictionary(uniqueKeysWithValues: report.figures().map { ($0.name, $0.svg.text) })
        #expect(
            Set(figures.keys) == [
                "submissions-per-day.svg", "best-public-score.svg", "final-scores.svg", "public-vs-private.svg", "confusion-matrix.svg",
            ])
        #expect(figures["final-scores.svg"]!.contains("alpha (best)"))
        #expect(figures["final-scores.svg"]!.contains("baseline"))
        // Alpha ranks every private row right: 5 and 5 on the diagonal of its confusion matrix.
        #expect(report.confusion?.team == "alpha")
        #expect(report.confusion?.cells == [[5, 0], [0, 5]])
        let folder = f.folder.url.appending(path: "report")
        let markdown = try ReportWriter.write(report, to: folder)
        let text = try String(contentsOf: markdown, encoding: .utf8)
        for name in figures.keys {
            #expect(text.contains("(figures/\(name))"))
            #expect(FileManager.default.fileExists(atPath: folder.appending(path: "figures/\(name)").path))
        }
    }
}

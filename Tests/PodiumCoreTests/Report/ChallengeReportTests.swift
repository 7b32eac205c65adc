import Foundation
import Testing

@testable import PodiumCore

/// The challenge report's confusion matrix: every row of the part once, by true and predicted class.
@Suite struct ChallengeReportTests {
    @Test func theConfusionMatrixCountsEachRowOfItsPartOnce() throws {
        let challenge = try exampleChallenge("wine")
        let solution = try challenge.loadSolution()
        let file = repositoryRoot.appending(path: "submissions/wine/alpha/01-class-prior.csv")
        let predictions = try Scorer.predictions(data: CSVSource.contents(file), name: file.lastPathComponent, solution: solution)
        let publicRows = (0..<solution.count).filter { solution.isPublic($0) }.count
        let all = ChallengeReport.confusion(predictions, solution: solution, rows: .all)
        let publicCells = ChallengeReport.confusion(predictions, solution: solution, rows: .public)
        let privateCells = ChallengeReport.confusion(predictions, solution: solution, rows: .private)
        #expect(all.count == solution.manifest.classes.count)
        #expect(all.joined().reduce(0, +) == solution.count)
        #expect(publicCells.joined().reduce(0, +) == publicRows)
        #expect(privateCells.joined().reduce(0, +) == solution.count - publicRows)
        // A constant class prior predicts one class (the most probable) for every row.
        #expect(all.map { $0.filter { $0 > 0 }.count }.allSatisfy { $0 <= 1 })
        // Each true class's row sums to that class's count.
        let counts = Dictionary(grouping: solution.labels, by: { Int($0) }).mapValues(\.count)
        #expect(all.enumerated().allSatisfy { $0.element.reduce(0, +) == counts[$0.offset, default: 0] })
    }
}

import PodiumCore
import PodiumStore

extension Charts {
    /// The accepted submissions of a history as points of the score chart; under the Ladder,
    /// participants see the Ladder scores of the files that moved it.
    static func points(_ history: [SubmissionView]) -> [ScorePoint] {
        history.filter { $0.status == .accepted }.compactMap { s in
            (s.publicScore ?? s.ladder.flatMap { $0.moved ? $0.score : nil }).map {
                ScorePoint(id: s.id, team: s.team, createdAt: s.createdAt, score: $0)
            }
        }
    }
}

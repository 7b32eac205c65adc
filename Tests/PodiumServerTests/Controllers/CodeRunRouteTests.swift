import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import Testing

@testable import PodiumServer
@testable import PodiumStore

/// A code challenge through the API, with the real sandbox: the model is answered 202 with its
/// place in the queue, a worker runs it, and the team reads its state and its log (its own only).
@Suite(.serialized) struct CodeRunRouteTests {
    @Test func aModelIsQueuedRunAndReadBack() async throws {
        try #require(Sandbox.bwrap != nil, "bubblewrap is missing: apt-get install bubblewrap")
        try #require(
            FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/sklearn"), "apt-get install python3-sklearn python3-pandas")
        let world = try World()
        // wine, as a code challenge of its own.
        let folder = try TemporaryDirectory(prefix: "podium-code-route")
        let challenge = folder.url.appending(path: "wine-code")
        try FileManager.default.copyItem(at: root.appending(path: "challenges/wine"), to: challenge)
        let yaml = challenge.appending(path: "challenge.yaml")
        let manifest = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "slug: wine", with: "slug: wine-code")
        try (manifest + "code:\n  time_limit: 60\n").write(to: yaml, atomically: true, encoding: .utf8)
        _ = try PublishingService(world.store).publish(bundle: try PodiumBundle.pack(Challenge.open(challenge), to: folder.url).bundle)
        let roster = try RosterService(world.store).importRoster(root.appending(path: "submissions/roster.csv"), challenge: "wine-code")
        let alpha = try #require(roster.newTeams.first { $0.team == "alpha" }?.token)
        let bravo = try #require(roster.newTeams.first { $0.team == "bravo" }?.token)
        let model = """
            from sklearn.ensemble import RandomForestClassifier
            class Model:
                def fit(self, X, y):
                    self.m = RandomForestClassifier(n_estimators=50, random_state=0).fit(X, y)
                    self.classes_ = self.m.classes_
                def predict_proba(self, X):
                    return self.m.predict_proba(X)

            """
        var headers = bearer(alpha)
        headers[.contentDisposition] = "attachment; filename=\"model.py\""
        let sent = headers
        try await world.app().test(.router) { client in
            let ticket = try await client.execute(
                uri: "/api/v1/challenges/wine-code/submissions", method: .post, headers: sent, body: ByteBuffer(string: model)
            ) { response in
                #expect(response.status == .accepted)
                return try JSONDecoder().decode(RunTicket.self, from: Data(response.body.readableBytesView))
            }
            #expect(ticket.status == .queued)
            #expect(ticket.position == 1)
            // The team's pages while it waits: its place in the queue, a page that refreshes itself.
            let jar = try await signIn(alpha, client)
            let session: HTTPFields = [.cookie: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            let runPage = "/challenges/wine-code/team/runs/\(ticket.id)"
            for uri in ["/challenges/wine-code/team", runPage] {
                try await client.execute(uri: uri, method: .get, headers: session) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(text(response).contains("queued, position 1"), "\(uri)")
                    #expect(text(response).contains("<meta http-equiv=\"refresh\" content=\"5\">"), "\(uri)")
                }
            }
            #expect(try await offload { try RunWorker(world.store).runOnce() })
            // Then how it ended, and its log, without refreshing any more.
            try await client.execute(uri: runPage, method: .get, headers: session) { response in
                let page = text(response)
                #expect(page.contains("accepted in"))
                #expect(page.contains("[podium] wrote 71 predictions"))
                #expect(!page.contains("http-equiv=\"refresh\""))
            }
            try await client.execute(uri: "/challenges/wine-code/team", method: .get, headers: session) { response in
                #expect(text(response).contains("href=\"\(runPage)\""))
            }
            // Another team's run page is unknown to it.
            let other = try await signIn(bravo, client)
            let otherSession: HTTPFields = [.cookie: other.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            try await client.execute(uri: runPage, method: .get, headers: otherSession) { #expect($0.status == .notFound) }
            let state = try await client.execute(uri: "/api/v1/challenges/wine-code/submissions/\(ticket.id)", method: .get, headers: bearer(alpha)) {
                response in
                #expect(response.status == .ok)
                return try json(response) as? [String: Any] ?? [:]
            }
            #expect(state["status"] as? String == "accepted")
            #expect(state["submissionId"] as? Int != nil)
            try await client.execute(uri: "/api/v1/challenges/wine-code/submissions/\(ticket.id)/log", method: .get, headers: bearer(alpha)) {
                #expect($0.status == .ok)
                #expect($0.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(text($0).contains("[podium] wrote 71 predictions"))
            }
            // Another team's run is unknown to it; a prediction file is refused by a code challenge.
            try await client.execute(uri: "/api/v1/challenges/wine-code/submissions/\(ticket.id)", method: .get, headers: bearer(bravo)) {
                #expect($0.status == .notFound)
            }
            var csv = bearer(bravo)
            csv[.contentType] = "text/csv"
            let file = try world.file("wine/alpha/01-class-prior.csv")
            try await client.execute(uri: "/api/v1/challenges/wine-code/submissions", method: .post, headers: csv, body: file) {
                #expect($0.status == .unprocessableContent)
                #expect(text($0).contains("expected model.py, or a .zip holding it"))
            }
        }
    }
}

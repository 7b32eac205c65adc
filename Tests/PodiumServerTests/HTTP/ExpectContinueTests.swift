import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PodiumServer

/// curl sends `Expect: 100-continue` with every body over 1 MiB and waits a second for the
/// server's `100 Continue` before sending the file. The server answers at once.
@Suite struct ExpectContinueTests {
    let world: World
    init() throws { world = try World() }

    @Test func aLargeUploadIsToldToContinueBeforeItsBody() async throws {
        let token = try #require(world.tokens["wine"]?["alpha"])
        let body = try Data(contentsOf: root.appending(path: "submissions/wine/alpha/01-class-prior.csv"))
        try await world.app().test(.live) { client in
            // The 201 comes once the file is scored: under the whole suite on two cores that can take
            // longer than the connection's usual 3 s.
            let connection = try RawConnection(port: try #require(client.port), timeout: 20)
            let head =
                "POST /api/v1/challenges/wine/submissions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: text/csv\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n"
            let start = Date()
            connection.send(Data(head.utf8))
            #expect(connection.readHead().hasPrefix("HTTP/1.1 100 Continue\r\n"))
            #expect(Date().timeIntervalSince(start) < 1)
            connection.send(body)
            #expect(connection.readHead().hasPrefix("HTTP/1.1 201 Created\r\n"))
        }
    }
}

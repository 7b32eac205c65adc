import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PodiumServer

#if canImport(Glibc)
    import Glibc
#endif

/// curl sends `Expect: 100-continue` with every body over 1 MiB and waits a second for the
/// server's `100 Continue` before sending the file. The server answers at once.
@Suite struct ExpectContinueTests {
    let world: World
    init() throws { world = try World() }

    /// A connection to the live server, reading with a timeout.
    final class Connection {
        let fd: Int32
        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0)
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        deinit { close(fd) }

        func send(_ data: Data) { _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }

        /// What arrives until a blank line ends a response head, or nothing comes for 3 s.
        func readHead() -> String {
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while recv(fd, &byte, 1, 0) == 1 {
                bytes.append(byte)
                if bytes.count >= 4 && bytes.suffix(4) == [13, 10, 13, 10] { break }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func aLargeUploadIsToldToContinueBeforeItsBody() async throws {
        let token = try #require(world.tokens["wine"]?["alpha"])
        let body = try Data(contentsOf: root.appending(path: "submissions/wine/alpha/01-class-prior.csv"))
        try await world.app().test(.live) { client in
            let connection = try Connection(port: try #require(client.port))
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

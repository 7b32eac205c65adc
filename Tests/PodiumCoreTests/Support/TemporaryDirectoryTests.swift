import Foundation
import Testing

@testable import PodiumCore

/// A run's folder is a `TemporaryDirectory`: what a sandboxed run left in it is removed with it,
/// a tree deeper than PATH_MAX included (FileManager gave up on it: "File name too long").
@Suite struct TemporaryDirectoryTests {
    @Test func aTreeDeeperThanPathMaxIsRemovedWithItsFolder() throws {
        var folder: TemporaryDirectory? = try TemporaryDirectory(prefix: "podium-deep")
        let url = try #require(folder?.url)
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/bin/bash")
        make.arguments = [
            "-c", "cd \"$1\" && n=$(printf '%0200d' 0) && for i in $(seq 1 40); do mkdir $n && cd $n || exit 1; done", "make", url.path,
        ]
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        #expect(throws: (any Error).self) { try FileManager.default.removeItem(at: url) }
        folder = nil
        #expect(!FileManager.default.fileExists(atPath: url.path))
        withExtendedLifetime(folder) {}
    }
}

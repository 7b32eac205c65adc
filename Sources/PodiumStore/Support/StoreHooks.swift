import Foundation
import GRDB
import PodiumCore
import Synchronization

/// Work run at chosen moments of `submit` and `publish` (tests make races happen there).
struct StoreHooks: Sendable {
    /// After a submission is scored, before its transaction.
    var submitBeforeCommit: (@Sendable () throws -> Void)?
    /// After a publish's rescoring, before the version switch.
    var publishBeforeSwitch: (@Sendable () throws -> Void)?
}

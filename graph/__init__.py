"""The graph layer: settings, the GraphStore protocol, its FalkorDB and Neo4j implementations, the loader."""

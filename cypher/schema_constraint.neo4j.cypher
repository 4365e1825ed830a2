// Unique key of one label (run for Entity and every entity type); also backs MERGE lookups on id.
CREATE CONSTRAINT <<label>>_id_unique IF NOT EXISTS FOR (n:<<label>>) REQUIRE n.id IS UNIQUE

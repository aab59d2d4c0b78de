"""The ward's street map (DESIGN.md, "The ward's map"): read from an OpenStreetMap
extract (osm_reader, file_pieces, area), kept in the database (storing, loading), and
used to give households a position from their addresses (locating)."""

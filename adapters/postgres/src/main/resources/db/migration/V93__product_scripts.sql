-- The parsing script of each custom-format product (EnOS dataFormat Custom): JavaScript with rawDataToProtocol and
-- protocolToRawData, compiled before it is stored. Deleting the product deletes its script.
CREATE TABLE product_scripts (
    product_key  TEXT PRIMARY KEY REFERENCES products (product_key) ON DELETE CASCADE,
    org_id       TEXT NOT NULL,
    source       TEXT NOT NULL,
    update_time  TIMESTAMPTZ NOT NULL
);

package org.openenos.registry.postgres;

import java.util.List;
import java.util.Optional;
import org.openenos.model.Product;
import org.openenos.registry.ProductStore;
import org.openenos.security.SecretCipher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Products as JSONB documents, with the product secret kept out of the document and encrypted. */
public final class PostgresProductStore implements ProductStore {
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final RowMapper<Product> row;

    public PostgresProductStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.row = (rs, i) -> {
            Product p = Json.read(rs.getString("body"), Product.class);
            return new Product(p.orgId(), p.productKey(), cipher.decrypt(rs.getString("product_secret_enc")),
                    p.productName(), p.productDesc(), p.productType(), p.dataFormat(), p.modelId(),
                    p.dynamicActivateEnabled(), p.biDirectionalAuth(), p.productTags(), p.createTime());
        };
    }

    private static String document(Product p) {
        return Json.write(new Product(p.orgId(), p.productKey(), null, p.productName(), p.productDesc(),
                p.productType(), p.dataFormat(), p.modelId(), p.dynamicActivateEnabled(), p.biDirectionalAuth(),
                p.productTags(), p.createTime()));
    }

    @Override
    public void insert(Product p) {
        jdbc.sql("""
                INSERT INTO products (product_key, org_id, product_secret_enc, model_id, body, create_time)
                VALUES (?, ?, ?, ?, ?::jsonb, ?)""")
                .params(p.productKey(), p.orgId(), cipher.encrypt(p.productSecret()), p.modelId(), document(p),
                        Sql.ts(p.createTime()))
                .update();
    }

    @Override
    public Optional<Product> find(String productKey) {
        return jdbc.sql("SELECT * FROM products WHERE product_key = ?").param(productKey).query(row).optional();
    }

    @Override
    public List<Product> listByOrg(String orgId) {
        return jdbc.sql("SELECT * FROM products WHERE org_id = ? ORDER BY create_time").param(orgId).query(row)
                .list();
    }

    @Override
    public void update(Product p) {
        jdbc.sql("UPDATE products SET model_id = ?, body = ?::jsonb WHERE product_key = ?")
                .params(p.modelId(), document(p), p.productKey()).update();
    }

    @Override
    public boolean delete(String productKey) {
        return jdbc.sql("DELETE FROM products WHERE product_key = ?").param(productKey).update() > 0;
    }

    @Override
    public boolean isModelUsed(String orgId, String modelId) {
        return jdbc.sql("SELECT count(*) FROM products WHERE org_id = ? AND model_id = ?").params(orgId, modelId)
                .query(Long.class).single() > 0;
    }
}

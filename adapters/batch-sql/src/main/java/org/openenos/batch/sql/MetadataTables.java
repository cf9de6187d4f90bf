package org.openenos.batch.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.openenos.batch.OrgCatalog;

/**
 * The asset metadata tables of one organization: {@code assets(asset_id, name, model_id, timezone, is_device)} and
 * {@code asset_attributes(asset_id, attribute_id, attr_value)}.
 */
final class MetadataTables {
    private MetadataTables() {
    }

    static Table assets(Supplier<List<OrgCatalog.AssetRow>> assets) {
        return new Rows(f -> f.builder().add("asset_id", SqlTypeName.VARCHAR)
                .add("name", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
                .add("model_id", SqlTypeName.VARCHAR).add("timezone", SqlTypeName.VARCHAR)
                .add("is_device", SqlTypeName.BOOLEAN).build(),
                () -> assets.get().stream().map(a -> new Object[] {a.assetId(), a.name(), a.modelId(), a.timezone(),
                        a.device()}).toList());
    }

    static Table attributes(Supplier<List<OrgCatalog.AssetRow>> assets) {
        return new Rows(f -> f.builder().add("asset_id", SqlTypeName.VARCHAR).add("attribute_id", SqlTypeName.VARCHAR)
                .add("attr_value", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true)).build(),
                () -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (OrgCatalog.AssetRow a : assets.get()) {
                        a.attributes().forEach((k, v) -> rows.add(new Object[] {a.assetId(), k,
                                v == null ? null : v.toString()}));
                    }
                    return rows;
                });
    }

    private static final class Rows extends AbstractTable implements ScannableTable {
        private final java.util.function.Function<RelDataTypeFactory, RelDataType> type;
        private final Supplier<List<Object[]>> rows;

        Rows(java.util.function.Function<RelDataTypeFactory, RelDataType> type, Supplier<List<Object[]>> rows) {
            this.type = type;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return type.apply(f);
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}

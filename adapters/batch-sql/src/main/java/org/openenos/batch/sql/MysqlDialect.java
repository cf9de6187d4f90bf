package org.openenos.batch.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlDialectFactory;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's MySQL dialect, except that a cast to a string type is {@code CAST(x AS CHAR)}: Calcite's own strings
 * carry its default character set, which the stock dialect writes into the pushed-down SQL as
 * {@code CHARACTER SET `ISO-8859-1`}, and MySQL/MariaDB refuse that (a join of {@code history} with a MySQL table
 * casts the join key).
 */
final class MysqlDialect extends MysqlSqlDialect {
    static final SqlDialectFactory FACTORY = (metaData) -> new MysqlDialect();

    private MysqlDialect() {
        super(MysqlSqlDialect.DEFAULT_CONTEXT);
    }

    @Override
    public SqlNode getCastSpec(RelDataType type) {
        if (type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR) {
            return new SqlDataTypeSpec(new SqlAlienSystemTypeNameSpec("CHAR", type.getSqlTypeName(),
                    SqlParserPos.ZERO), SqlParserPos.ZERO);
        }
        return super.getCastSpec(type);
    }

    static SqlDialect instance() {
        return new MysqlDialect();
    }
}

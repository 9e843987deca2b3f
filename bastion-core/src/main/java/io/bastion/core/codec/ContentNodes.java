package io.bastion.core.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import io.bastion.core.primitive.OneM2MException;
import java.math.BigDecimal;

/**
 * Builds the tree of parsed content, refusing the numbers no oneM2M serialization can carry: not finite (CBOR can
 * encode NaN and infinities, JSON cannot), or with a decimal exponent outside {@link ContentLimits#MIN_EXPONENT} ..
 * {@link ContentLimits#MAX_EXPONENT}. Only fractional numbers pass through here, so integer-only content (the usual
 * case) costs nothing extra.
 */
final class ContentNodes extends JsonNodeFactory {
    static final ContentNodes INSTANCE = new ContentNodes();

    private ContentNodes() {
        super(false);
    }

    @Override
    public ValueNode numberNode(BigDecimal v) {
        if (v != null && v.signum() != 0) {
            // the exponent of the leading digit: 1.5e10 -> 10; cheap, as the number's text is short
            long exponent = (long) v.precision() - v.scale() - 1;
            if (exponent > ContentLimits.MAX_EXPONENT || exponent < ContentLimits.MIN_EXPONENT
                    || (exponent == ContentLimits.MAX_EXPONENT && Double.isInfinite(v.doubleValue()))) {
                throw outOfRange();
            }
        }
        return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(double v) {
        if (!Double.isFinite(v)) {
            throw notFinite();
        }
        return super.numberNode(v);
    }

    @Override
    public ValueNode numberNode(Double v) {
        return v == null ? nullNode() : numberNode(v.doubleValue());
    }

    @Override
    public NumericNode numberNode(float v) {
        if (!Float.isFinite(v)) {
            throw notFinite();
        }
        return super.numberNode(v);
    }

    @Override
    public ValueNode numberNode(Float v) {
        return v == null ? nullNode() : numberNode(v.floatValue());
    }

    private static OneM2MException outOfRange() {
        return OneM2MException.badRequest("content holds a number beyond the range of a double (a decimal exponent "
                + "from " + ContentLimits.MIN_EXPONENT + " to " + ContentLimits.MAX_EXPONENT + ")");
    }

    private static OneM2MException notFinite() {
        return OneM2MException.badRequest("content holds a number that is not finite (NaN or infinity), which no "
                + "oneM2M serialization carries");
    }
}

package io.bastion.cse.csebase;

import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.TypeBehaviour;

/**
 * {@code <CSEBase>} (TS-0004 7.4.3.2): it "shall not be updated via API" nor "deleted via API" (7.4.3.2.3, 7.4.3.2.4),
 * whoever asks, the admin included: both answer 4005 OPERATION_NOT_ALLOWED. What an operator may set on it comes
 * from the configuration ({@link CseBaseSetup}).
 */
public final class CseBaseBehaviour implements TypeBehaviour {

    @Override
    public int ty() {
        return ResourceTypes.CSE_BASE;
    }

    @Override
    public boolean updatable() {
        return false;
    }

    @Override
    public boolean deletable() {
        return false;
    }
}

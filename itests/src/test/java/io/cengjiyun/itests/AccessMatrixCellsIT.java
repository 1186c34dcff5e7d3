/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The cells of the last two fifths of the access matrix's endpoints ({@link AccessMatrixIT} runs the others): a
 * class of its own so that the two halves run side by side, in runtimes of their own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessMatrixCellsIT extends AccessMatrixSupport {
    @Test
    public void everyCellOfTheSecondPartAnswersAsTheMatrixSaysAndDeniedCallsChangeNothing() throws Exception {
        everyCellAnswersAsTheMatrixSays(ENDPOINTS.subList(AccessMatrixIT.SPLIT, ENDPOINTS.size()), CELLS_PER_PART);
    }

    @Override
    protected String servicePrefix() {
        return "mc-svc-";
    }
}

package dev.bitflow.app.view;

import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.editor.LayerKind;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignG;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/** Which Material Design icon stands for what. */
public final class Icons {
    private Icons() {
    }

    public static Ikon of(WorkbenchPage page) {
        return switch (page) {
            case EDITOR -> MaterialDesignS.SITEMAP_OUTLINE;
            case TRAINING -> MaterialDesignC.CHART_LINE;
            case SF_BN -> MaterialDesignS.SCALE_BALANCE;
            case BATCHSHIFT -> MaterialDesignC.CALL_MERGE;
            case INSPECTOR -> MaterialDesignM.MAGNIFY_SCAN;
            case STEP_THROUGH -> MaterialDesignS.STEP_FORWARD;
            case ACCURACY -> MaterialDesignT.TABLE_EYE;
        };
    }

    public static Ikon of(LayerKind kind) {
        return switch (kind) {
            case CONV_FLOAT -> MaterialDesignG.GRID;
            case CONV_BINARY -> MaterialDesignD.DOTS_GRID;
            case DENSE_FLOAT -> MaterialDesignV.VECTOR_LINE;
            case DENSE_BINARY -> MaterialDesignV.VECTOR_POLYLINE;
            case BATCHNORM -> MaterialDesignC.CHART_BELL_CURVE;
            case SIGN -> MaterialDesignP.PLUS_MINUS_VARIANT;
            case RELU -> MaterialDesignC.CHART_LINE_VARIANT;
            case MAXPOOL -> MaterialDesignA.ARROW_COLLAPSE_ALL;
            case AVGPOOL -> MaterialDesignA.APPROXIMATELY_EQUAL;
            case FLATTEN -> MaterialDesignF.FORMAT_ALIGN_JUSTIFY;
            case DROPOUT -> MaterialDesignD.DICE_5_OUTLINE;
            case SOFTMAX -> MaterialDesignT.TARGET;
        };
    }

    public static FontIcon icon(Ikon ikon) {
        return new FontIcon(ikon);
    }

    public static FontIcon icon(Ikon ikon, int size) {
        FontIcon i = new FontIcon(ikon);
        i.setIconSize(size);
        return i;
    }
}
